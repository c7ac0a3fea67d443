// Who is in a room, on any node, and who of them is typing: the room's presence entries, one line per name.
import { Component, t } from 'koa-reactor'
import { templatePath } from './template.js'

export function chatPeople() {
  return class XChatPeople extends Component {
    static template = templatePath('people.pug')
    static state = { room: t.string() }

    room = ''
    people: Array<{ name: string; typing: boolean }> = []

    async rendering(): Promise<void> {
      const byName = new Map<string, boolean>()
      for (const { meta } of await this.presence(`chat.${this.room}`).list()) {
        byName.set(String(meta.name), Boolean(meta.typing) || (byName.get(String(meta.name)) ?? false))
      }
      this.people = [...byName].map(([name, typing]) => ({ name, typing }))
    }
  }
}
