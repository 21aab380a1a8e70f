// A real OpenID Connect provider for the sign-in tests: panva's oidc-provider (OpenID
// certified), with its development login form. Whatever login is typed there becomes the
// subject; its claims come from ACCOUNTS (JSON: login -> claims). Nothing is mocked on the
// app's side: it discovers, redirects, exchanges the code and verifies the ID token for real.
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const accounts = JSON.parse(process.env.ACCOUNTS || "{}");

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: JSON.parse(process.env.REDIRECT_URIS),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: {
    openid: ["sub", "tid", "hd"],
    email: ["email", "email_verified"],
    profile: ["name"],
  },
  conformIdTokenClaims: false,
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, ...(accounts[id] || {}) }),
  }),
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => false },
  ttl: { AuthorizationCode: 120 },
});
// Plain http on loopback only: the test runs the app and this provider on one machine.
provider.proxy = false;
provider.listen(port, "127.0.0.1", () => console.log(`ready ${port}`));
