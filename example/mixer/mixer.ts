import { Component, t } from 'koa-reactor'
import { templatePath } from '../template.js'

export const CHANNELS = ['red', 'green', 'blue'] as const
type Channel = (typeof CHANNELS)[number]
const level = t.int()
const clamp = (n: number) => Math.max(0, Math.min(255, Math.round(n)))

/**
 * The parent: it shows the colour its three children mix. A child tells it its new level (`sendParent`);
 * "Reset" sends each child its new level (`send` to the child's id). Each keeps its own state in its own token.
 */
export class XColorMixer extends Component {
  static template = templatePath('mixer/mixer.pug')
  static state = { red: level, green: level, blue: level }
  static handlers = { mixed: { channel: t.enum(...CHANNELS), level }, reset: {} }

  red = 64
  green = 160
  blue = 224

  get hex(): string {
    return `#${CHANNELS.map((c) => this[c].toString(16).padStart(2, '0')).join('')}`
  }

  /** A child's level changed. */
  mixed({ channel, level }: { channel: Channel; level: number }): void {
    this[channel] = clamp(level)
  }

  reset(): void {
    for (const channel of CHANNELS) {
      this[channel] = 128
      this.send('set', { level: 128 }, `${this.id}-${channel}`)
    }
  }
}

/** A child: one channel's level, nudged by its buttons or set by its slider; each change goes to the parent. */
export class XColorChannel extends Component {
  static template = templatePath('mixer/channel.pug')
  static state = { channel: t.enum(...CHANNELS), level }
  static handlers = { nudge: { by: t.int() }, set: { level } }

  channel: Channel = 'red'
  level = 0

  nudge({ by }: { by: number }): void {
    this.set({ level: this.level + by })
  }

  set({ level }: { level: number }): void {
    this.level = clamp(level)
    this.sendParent('mixed', { channel: this.channel, level: this.level })
  }
}
