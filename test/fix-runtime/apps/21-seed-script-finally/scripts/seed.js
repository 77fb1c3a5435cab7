// Fills in the demo users. Run once: node scripts/seed.js
const client = require('../db');

const names = ['ada', 'grace', 'edsger', 'barbara', 'donald', 'frances', 'ken', 'dennis'];

client.connect();
Promise.all(names.map((name) => client.query('INSERT INTO users (name) VALUES ($1) ON CONFLICT DO NOTHING', [name])))
  .then(() => console.log(`seeded ${names.length} users`))
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => client.end());
