// The room list, with the messages the user has not read in each other room; re-rendered on every message.
import { Component, t } from 'koa-reactor'
import { ROOMS, type ChatStore, type RoomSummary } from './store.js'
import { templatePath } from './template.js'

export function chatRooms(store: ChatStore) {
  return class XChatRooms extends Component {
    static template = templatePath('rooms.pug')
    static extends = 'nav'
    static state = { room: t.string(), name: t.string() }

    room = ''
    name = ''
    rooms: RoomSummary[] = []

    mount(props: { room: string; name: string }): void {
      Object.assign(this, props)
      this.subscribe(...ROOMS.map((room) => `chat.${room}`))
    }

    async rendering(): Promise<void> {
      this.rooms = (await store.rooms(this.name)).map((r) => (r.name === this.room ? { ...r, unread: 0 } : r))
    }
  }
}
