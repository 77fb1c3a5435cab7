// Everything database-related, from one place.
module.exports = require('./connection');
