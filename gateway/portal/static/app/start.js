// start.js boots the portal when its modules are loaded as files. The gateway normally serves
// the page with the shell bundled inline instead (gateway/portal/inline.go), which calls the
// same boot().
import { boot } from './main.js';

boot();
