// A chat room: its messages as a stream (the newest 50 at first, 30 older ones each time the top scrolls into
// view, new ones as they are broadcast, at most 500 kept below), the compose field, typing (on the room's
// presence entry) and image attachments.
import { copyFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { extname, join } from 'node:path'
import { Component, t } from 'koa-reactor'
import type { ChatStore, Message } from './store.js'
import { templatePath } from './template.js'

export const FIRST_PAGE = 50
export const OLDER_PAGE = 30

export function chatRoom(store: ChatStore, images: string) {
  return class XChatRoom extends Component {
    static template = templatePath('room.pug')
    static state = { room: t.string(), name: t.string(), oldest: t.int(), newest: t.int(), more: t.boolean() }
    static handlers = { post: { text: t.string().default('') }, older: {}, typing: {}, idle: {}, attach: {} }
    static uploads = { image: { accept: ['image/*'], maxSize: 5_000_000, maxFiles: 1 } }

    room = ''
    name = ''
    oldest = 0
    newest = 0
    more = false

    async mount({ room, name }: { room: string; name: string }): Promise<void> {
      Object.assign(this, { room, name })
      const page = await store.page(room, FIRST_PAGE)
      this.messages.reset(page)
      this.oldest = page[0]?.id ?? 0
      this.newest = page.at(-1)?.id ?? 0
      this.more = page.length === FIRST_PAGE
      this.subscribe(this.channel)
      this.idle()
      await store.markSeen(name, room)
    }

    get channel(): string {
      return `chat.${this.room}`
    }

    get messages() {
      return this.stream<Message>('messages')
    }

    /** New messages (sent here or on another node): below the others, keeping the newest 500. */
    async notify(): Promise<void> {
      for (const message of await store.since(this.room, this.newest)) {
        this.messages.insert(message, { limit: -500 })
        this.newest = message.id
      }
      await store.markSeen(this.name, this.room)
    }

    async post({ text }: { text: string }): Promise<void> {
      if (!text.trim()) return
      await store.add(this.room, this.name, text.trim())
      await this.posted()
    }

    async attach(): Promise<void> {
      for (const file of this.uploaded('image')) {
        const name = `${randomBytes(9).toString('base64url')}${extname(file.name).toLowerCase().replace(/[^.\w]/g, '')}`
        await copyFile(file.path, join(images, name))
        await store.add(this.room, this.name, file.name, name)
      }
      await this.posted()
    }

    private async posted(): Promise<void> {
      await this.notify()
      this.idle()
      this.broadcast(this.channel)
    }

    async older(): Promise<void> {
      if (!this.more) return
      const page = await store.page(this.room, OLDER_PAGE, this.oldest)
      for (const message of [...page].reverse()) this.messages.insert(message, { at: 0 })
      this.oldest = page[0]?.id ?? this.oldest
      this.more = page.length === OLDER_PAGE
    }

    typing(): void {
      this.presence(this.channel).track({ name: this.name, typing: true })
    }

    idle(): void {
      this.presence(this.channel).track({ name: this.name, typing: false })
    }
  }
}
