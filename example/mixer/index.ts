// The nested components example at /mixer: children that talk to their parent, and a parent that talks back.
import type Router from '@koa/router'
import { templatePath } from '../template.js'
import { XColorChannel, XColorMixer } from './mixer.js'

export function mixerExample() {
  return {
    components: [XColorMixer, XColorChannel],
    routes(router: Router): void {
      router.get('/mixer', (ctx) => ctx.render(templatePath('mixer/page.pug'), { title: 'Nested components' }))
    },
  }
}
