import { AuthComponent, t } from 'koa-reactor'
import { templatePath } from '../template.js'
import type { Note, People, Person } from './people.js'

/**
 * Private notes: an AuthComponent, so only a logged-in person sees it (checked at mount and before every event);
 * a visitor is sent to the login page. Its notes are read from the database for `this.user`, never from the token.
 * Subscribed to `note`: another tab of the same person sees a note added at once.
 */
export function privateNotes(people: People) {
  return class XPrivateNotes extends AuthComponent {
    static loginUrl = '/notes/login'
    static template = templatePath('notes/notes.pug')
    static handlers = { add: { text: t.string() }, remove: { id: t.int() } }

    mount(): void {
      this.subscribe('note')
    }

    get person(): Person {
      return this.user as Person
    }

    notes: Note[] = []

    async rendering(): Promise<void> {
      this.notes = await people.notesOf(this.person.login)
    }

    async add({ text }: { text: string }): Promise<void> {
      const note = text.trim().slice(0, 500)
      if (note) await people.addNote(this.person.login, note)
    }

    async remove({ id }: { id: number }): Promise<void> {
      await people.removeNote(this.person.login, id)
    }
  }
}
