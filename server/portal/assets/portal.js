// Progressive enhancement only: every page works without this. The components' scripts (an error
// summary taking focus, a character count) run once the browser says it can run modules.
import { initAll } from '/assets/govuk-frontend.min.js';

document.body.classList.add('govuk-frontend-supported');
initAll();
