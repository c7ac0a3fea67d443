// The landing page as npm and GitHub show it: every link leads somewhere (into the guides of docs/site too), it
// links every guide, and it speaks of Django Reactor by name.
import { expect } from 'chai'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const read = (file: string) => readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8')
/** Without its code blocks: a `#` or a bracket inside code is not a heading or a link. */
const prose = (markdown: string) => markdown.replace(/```[\s\S]*?```/g, '')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')

/** The GitHub anchors of the headings of a markdown file. */
const anchorsOf = (markdown: string) => new Set([...prose(markdown).matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)))

describe('the README', () => {
  const readme = prose(read('README.md'))

  it('links only to its own headings, to https pages, to the files the package ships and to the guides (their headings included)', () => {
    const anchors = anchorsOf(readme)
    const shipped = new Set<string>(JSON.parse(read('package.json')).files)
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
    const guide = (link: string) => {
      const [file, heading] = link.split('#') as [string, string | undefined]
      return /^docs\/site\/guide\/[\w-]+\.md$/.test(file) && existsSync(fileURLToPath(new URL(`../${file}`, import.meta.url))) && (!heading || anchorsOf(read(file)).has(heading))
    }
    const broken = (link: string) => (link.startsWith('#') ? !anchors.has(link.slice(1)) : !link.startsWith('https://') && !shipped.has(link) && !guide(link))
    expect(links).not.to.deep.equal([])
    expect(links.filter(broken)).to.deep.equal([])
  })

  it('is the landing page: why, a new app, getting started in a Koa app, then the documentation, linking every guide', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    expect(headings.slice(0, 4)).to.deep.equal(['Why stateless', 'Start a new app', 'Getting started in your Koa app', 'Documentation'])
    expect(headings).to.include('Coming from Django Reactor')
    const guides = readdirSync(fileURLToPath(new URL('../docs/site/guide', import.meta.url))).filter((f) => f.endsWith('.md') && f !== 'security-policy.md')
    for (const guide of guides) expect(readme, guide).to.contain(`(docs/site/guide/${guide}`)
  })

  it('says "Django Reactor", never "the seed"', () => {
    for (const file of ['README.md', 'CHANGELOG.md']) expect(read(file), file).not.to.match(/\bseed\b/i)
  })
})
