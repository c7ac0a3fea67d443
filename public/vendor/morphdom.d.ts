// Types of the trimmed morphdom in morphdom.js.
export interface MorphOptions {
  /** after a node (and, one call each, every node inside it) is added */
  onNodeAdded(node: Node): unknown
  /** before `from` is updated to match `to`; false leaves it and its children as they are */
  onBeforeElUpdated(from: Element, to: Element): boolean
}

export default function morphdom(from: Element, toHtml: string, options: MorphOptions): void
