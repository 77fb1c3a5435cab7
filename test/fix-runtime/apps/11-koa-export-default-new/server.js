const app = require('./app');
const db = require('./db');

db.connect().then(() => {
  app.listen(Number(process.env.PORT || 3000));
});
