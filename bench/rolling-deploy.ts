// The rolling deploy under load (a report, not a spec): `make cluster`'s three nodes (nginx round robin, Redis,
// SQLite shared by the nodes) restarted one by one (SIGTERM, then the new version of a component: its code and
// template) while PAGES Chromium pages click and type. Prints the clicks lost and doubled (against the database
// and the pages), the typing lost, the pages not on the new version or reloaded, and each restart's times.
// About a minute; 127.0.0.1 only. spec/browser/rolling-deploy.spec.ts runs a small one in CI.
import { rollingDeploy, tally } from '../spec/support/deploy/rolling.js'

const PAGES = Number(process.env.PAGES ?? 8)
const report = await rollingDeploy({ nodes: 3, pages: PAGES, pauseMs: 300, betweenMs: 6_000, reconnectWindowMs: Number(process.env.RECONNECT_WINDOW_MS ?? 5000) })
const counts = tally(report)
console.log(JSON.stringify({
  deploy_pages: PAGES,
  deploy_nodes_restarted: report.restarts.length,
  deploy_clicks: counts.clicks,
  deploy_clicks_lost: counts.lost,
  deploy_clicks_doubled: counts.doubled,
  deploy_pages_showing_wrong_count: counts.pagesShowingWrongCount,
  deploy_typed_characters: counts.typedCharacters,
  deploy_pages_typing_lost: counts.typingLost,
  deploy_pages_not_on_new_version: counts.notOnNewVersion,
  deploy_pages_reloaded: counts.reloaded,
  // SIGTERM to exit (drain: running events answered, sockets told to reconnect), and exit to the new version accepting
  deploy_restart_stop_ms: report.restarts.map((r) => r.stoppedMs),
  deploy_restart_start_ms: report.restarts.map((r) => r.startedMs),
  deploy_seconds: report.seconds,
}, null, 2))
