import { fileURLToPath } from 'node:url'

/** The examples' templates live beside their components, whatever the app's `views` folders are. */
export function templatePath(file: string): string {
  return fileURLToPath(new URL(file, import.meta.url))
}
