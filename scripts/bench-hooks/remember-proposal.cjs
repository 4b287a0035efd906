// autocannon onResponse hook (runs in its worker thread, hence a plain CommonJS file): keeps the id
// of the proposal just created, for the submit that follows on the same connection.
module.exports = function rememberProposal(status, body, context) {
  if (status === 201) context.proposalId = JSON.parse(body).id;
};
