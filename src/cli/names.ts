// Names the generator derives from what the user typed: a component's tag and class, an app's package name.

/** A component's tag: lower case words joined by hyphens, at least two (as custom elements are): `x-counter`. */
export const TAG = /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/

/** `x-todo-item` -> `XTodoItem` (the class whose default tag is that name). */
export function className(tag: string): string {
  return tag.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase())
}

/** The error message for a tag that is not one, or undefined when it is. */
export function badTag(tag: string | undefined): string | undefined {
  if (!tag) return 'name the component: npx koa-reactor component x-name'
  if (!TAG.test(tag)) return `"${tag}" is not a component name: use lower case words joined by hyphens, at least two, such as x-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'name'}`
  return undefined
}

/** An npm package name from a folder name: `My App` -> `my-app`. */
export function packageName(folder: string): string {
  return folder.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '') || 'app'
}
