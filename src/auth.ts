// Components for logged-in users and for staff, checked at mount and before every event.
import { Component } from './component.js'
import type { RegisteredUser } from './core/typing.js'

/** Needs a logged-in user (the Reactor's `user` option); otherwise it is removed, or redirected to `loginUrl`. */
export class AuthComponent<User = RegisteredUser> extends Component<User> {
  /** where to send a visitor who is not logged in; without one the component is removed */
  static loginUrl?: string

  override allowed(): boolean | Promise<boolean> {
    return Boolean(this.user)
  }
}

/** Needs a user the Reactor's `isStaff` option accepts (default: `user.isStaff` or `user.is_staff`). */
export class StaffComponent<User = RegisteredUser> extends AuthComponent<User> {
  static isStaff: (user: unknown) => boolean = (user) => {
    const u = user as { isStaff?: unknown; is_staff?: unknown } | null
    return Boolean(u && (u.isStaff || u.is_staff))
  }

  override allowed(): boolean {
    return Boolean(this.user) && (this.constructor as typeof StaffComponent).isStaff(this.user)
  }
}
