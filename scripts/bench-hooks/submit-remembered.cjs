// autocannon setupRequest hook: submits the proposal the previous request on this connection created.
module.exports = function submitRemembered(request, context) {
  return { ...request, path: `/api/v1/proposals/${context.proposalId}/submit` };
};
