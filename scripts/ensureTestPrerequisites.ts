/** First step of `npm test`: stop at once, with one line, when the browser tests could not run. */
import { ensureTestPrerequisites, thisMachine } from './testPrerequisites';

process.exitCode = ensureTestPrerequisites(thisMachine);
