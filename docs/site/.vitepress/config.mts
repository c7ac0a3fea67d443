import { defineConfig } from 'vitepress'
import apiSidebar from '../api/typedoc-sidebar.json' with { type: 'json' }

/** GitHub's anchor for a heading (as the README's links use them): lower case, punctuation dropped, spaces to hyphens. */
const slugify = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')

const guides: Array<[string, string]> = [
  ['Getting started', 'getting-started'],
  ['Components', 'components'],
  ['Events and bindings', 'events-and-bindings'],
  ['Forms', 'forms'],
  ['Navigation', 'navigation'],
  ['Realtime and clusters', 'realtime'],
  ['Streams', 'streams'],
  ['Uploads', 'uploads'],
  ['Presence', 'presence'],
  ['Testing', 'testing'],
  ['Security', 'security'],
  ['Deploying', 'deploying'],
  ['Performance', 'performance'],
  ['Capacity', 'capacity'],
  ['Coming from LiveView, Livewire, Django Reactor', 'coming-from'],
]

export default defineConfig({
  title: 'koa-reactor',
  description: 'LiveView for Koa: live server-rendered components with signed, stateless state',
  cleanUrls: false,
  // a dead link fails the build (VitePress's default, kept on purpose)
  ignoreDeadLinks: false,
  markdown: { anchor: { slugify } },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      { text: 'Guide', items: guides.map(([text, page]) => ({ text, link: `/guide/${page}` })) },
      {
        text: 'Reference',
        items: [
          { text: 'The wire protocol', link: '/guide/wire' },
          { text: 'Security policy', link: '/guide/security-policy' },
          { text: 'API', link: '/api/', collapsed: true, items: apiSidebar },
        ],
      },
    ],
    outline: [2, 3],
    search: { provider: 'local' },
  },
})
