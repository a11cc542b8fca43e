/**
 * `npm run docs:api`: regenerate `docs/api.md` from the JSDoc of every public export. With
 * `--check` it only reports whether the checked-in file is stale (exit code 1 when it is).
 */
import { API_DOC, readApi, renderApiDoc } from './api-reference'
import { writeOrCheckDoc } from './generated-doc'

writeOrCheckDoc(API_DOC, renderApiDoc(readApi()), 'npm run docs:api')
