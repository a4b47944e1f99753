// The specs' name for the test kit's free port (one that never collides with `npm run dev`).
export { freePort } from '@slideshow/testkit/ports'
