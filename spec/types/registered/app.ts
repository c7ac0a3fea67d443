// One declaration for the whole app: every component's `this.user` is the app's User. Compiled on its own by
// spec/typescript.spec.ts (the declaration is global to a program, so the repository's tsconfig leaves it out).
import { Component, StaffComponent } from 'koa-reactor'

interface User {
  id: number
  name: string
  isStaff: boolean
}

declare module 'koa-reactor' {
  interface Register {
    user: User | null
  }
}

export class XWelcome extends Component {
  greeting = ''
  override mount(): void {
    this.greeting = this.user ? `Hello ${this.user.name}` : 'Hello'
    // @ts-expect-error the registered User has no email
    this.greeting = this.user?.email
  }
}

export class XAdmin extends StaffComponent {
  override mount(): void {
    const id: number | undefined = this.user?.id
    void id
  }
}
