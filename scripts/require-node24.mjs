// npm runs scripts with node_modules/.bin first on PATH, so `node` is the pinned Node 24.
// If the `node` package's install step was skipped we would silently run on an old Node.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `This project needs Node 24 (found ${process.versions.node}). Run "npm install" so the pinned ` +
      '"node" devDependency provides it, then use npm scripts (npm start, npm test).',
  );
  process.exit(1);
}
