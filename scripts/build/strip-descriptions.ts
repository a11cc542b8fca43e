/**
 * An esbuild plugin for the production build: it removes the `description` of every state
 * from the machine's chart. Descriptions are documentation for people reading the chart,
 * the inspector and the devtools panel; an app in production pays half a kilobyte for them
 * and shows them to nobody. The `development` build (`dist/development`, picked by the
 * `development` export condition that Vite, webpack and Next.js use in dev mode) keeps them.
 */
import { readFile } from 'node:fs/promises'
import type { Plugin } from 'esbuild'
import ts from 'typescript'

/** The file whose state descriptions are dropped. */
const CHART = /machines[\\/]session\.machine\.ts$/

export function stripStateDescriptions(): Plugin {
  return {
    name: 'strip-state-descriptions',
    setup(build) {
      build.onLoad({ filter: CHART }, async ({ path }) => ({
        contents: withoutDescriptions(await readFile(path, 'utf8'), path),
        loader: 'ts',
      }))
    },
  }
}

/** `source` without any `description: '…'` property (only string-valued ones, in any object). */
export function withoutDescriptions(source: string, fileName = 'chart.ts'): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const drop: ts.TransformerFactory<ts.SourceFile> = (context) => {
    const visit = (node: ts.Node): ts.Node => {
      if (ts.isObjectLiteralExpression(node)) {
        const kept = node.properties.filter((property) => !isDescription(property))
        return ts.visitEachChild(
          ts.factory.updateObjectLiteralExpression(node, kept),
          visit,
          context,
        )
      }
      return ts.visitEachChild(node, visit, context)
    }
    return (root) => ts.visitNode(root, visit) as ts.SourceFile
  }
  const [transformed] = ts.transform(file, [drop]).transformed
  return ts.createPrinter().printFile(transformed as ts.SourceFile)
}

function isDescription(property: ts.ObjectLiteralElementLike): boolean {
  return (
    ts.isPropertyAssignment(property) &&
    ts.isIdentifier(property.name) &&
    property.name.text === 'description' &&
    (ts.isStringLiteral(property.initializer) ||
      ts.isNoSubstitutionTemplateLiteral(property.initializer))
  )
}
