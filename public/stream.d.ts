/** Applies the render `to` of the container `from`; `update` morphs an item (or returns its replacement),
 * `added` collects new elements. */
export declare function stream(from: Element, to: Element, update: (el: Element, html: string) => Element | void, added: Element[]): void;
