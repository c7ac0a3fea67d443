// The user guide as npm and GitHub show it: every link leads somewhere, and it speaks of Django Reactor by name.
import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const read = (file: string) => readFileSync(fileURLToPath(new URL(`../${file}`, import.meta.url)), 'utf8')
/** Without its code blocks: a `#` or a bracket inside code is not a heading or a link. */
const prose = (markdown: string) => markdown.replace(/```[\s\S]*?```/g, '')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-')

describe('the README', () => {
  const readme = prose(read('README.md'))

  it('links only to its own headings, to https pages and to the files the package ships', () => {
    const anchors = new Set([...readme.matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)))
    const shipped = new Set<string>(JSON.parse(read('package.json')).files)
    const links = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!)
    const broken = (link: string) => (link.startsWith('#') ? !anchors.has(link.slice(1)) : !link.startsWith('https://') && !shipped.has(link))
    expect(links).not.to.deep.equal([])
    expect(links.filter(broken)).to.deep.equal([])
  })

  it('starts with getting started in a Koa app, after the introduction and the contents', () => {
    const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    expect(headings.slice(0, 2)).to.deep.equal(['Contents', 'Getting started in your Koa app'])
    expect(headings).to.include('Coming from Django Reactor')
  })

  it('says "Django Reactor", never "the seed"', () => {
    for (const file of ['README.md', 'CHANGELOG.md']) expect(read(file), file).not.to.match(/\bseed\b/i)
  })
})
