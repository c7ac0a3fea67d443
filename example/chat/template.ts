import { fileURLToPath } from 'node:url'

/** The chat's templates live beside its components. */
export function templatePath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url))
}
