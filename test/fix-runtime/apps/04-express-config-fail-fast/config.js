// Settings from the environment, with development defaults.
module.exports = {
  port: Number(process.env.PORT || 3000),
  database: {
    url: process.env.DATABASE_URL || 'postgres://localhost/dev',
  },
};
