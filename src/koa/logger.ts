// The `logger` option: console, pino, or anything with the usual methods. The library logs console-style
// (a message, then an error or fields); a pino logger takes an object first (`{ err }`, then the message), so its
// calls are turned around, or pino would drop the error. `debug` is used only when the logger has it enabled.
import type { Logger } from '../wire/errors.js'

type Method = (message: string, ...rest: unknown[]) => void
type Level = 'debug' | 'info' | 'warn' | 'error'

/** Today's default: warnings and errors on the console, nothing at debug. */
const CONSOLE: Logger = { warn: (m) => console.warn(m), error: (m, e) => console.error(m, e ?? '') }

const PINO = Symbol.for('pino.serializers')

/** pino (and its children): `logger.error({ err }, message)`; its `debug` is a no-op below its level. */
function isPino(logger: object): logger is Logger & { isLevelEnabled(level: string): boolean } {
  return PINO in logger && typeof (logger as { isLevelEnabled?: unknown }).isLevelEnabled === 'function'
}

function pinoMethod(logger: Logger, level: Level): Method {
  const log = (logger[level] as Method).bind(logger)
  return (message, detail) => {
    if (detail instanceof Error) return log({ err: detail } as never, message)
    if (detail && typeof detail === 'object') return log(detail as never, message)
    log(message)
  }
}

/** The logger the Reactor uses: the option as it is for console-style loggers, turned around for pino. */
export function adoptLogger(logger: Logger | undefined): Logger {
  if (!logger) return CONSOLE
  if (!isPino(logger)) return logger
  const adopted: Logger = { warn: pinoMethod(logger, 'warn'), error: pinoMethod(logger, 'error'), info: pinoMethod(logger, 'info') }
  // the level is read once: a Reactor's debug lines follow the level the logger had when the Reactor was made
  if (logger.isLevelEnabled('debug')) adopted.debug = pinoMethod(logger, 'debug')
  return adopted
}
