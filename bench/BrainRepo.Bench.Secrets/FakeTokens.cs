using System.Text;

namespace BrainRepo.Bench.Secrets;

/// <summary>Realistically shaped fake secrets, built at run time (no live-looking literal in the repository).</summary>
internal static class FakeTokens
{
    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UrlSafe = Alnum + "-_";
    private const string Hex = "0123456789abcdef";
    private const string Base64 = Alnum + "+/";

    public static string R(Random random, int length, string alphabet = Alnum)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    private static string Guid(Random r) => $"{R(r, 8, Hex)}-{R(r, 4, Hex)}-4{R(r, 3, Hex)}-a{R(r, 3, Hex)}-{R(r, 12, Hex)}";

    private static string B64Url(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>(rule id, line generator): one line that contains exactly one secret of that rule.</summary>
    public static readonly (string Rule, Func<Random, string> Line)[] Planted =
    [
        ("aws-access-key-id", r => $"aws_access_key_id = {"AK" + "IA"}{R(r, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}"),
        ("aws-secret-access-key", r => $"aws_secret_access_key = {R(r, 40, Base64)}"),
        ("gcp-api-key", r => $"  apiKey: \"{"AI" + "za"}{R(r, 35, UrlSafe)}\","),
        ("azure-storage-key", r => $"AccountName=demo;AccountKey={R(r, 86, Base64)}==;EndpointSuffix=core.windows.net"),
        ("digitalocean-token", r => $"DO_TOKEN={"do" + "p_v1_"}{R(r, 64, Hex)}"),
        ("heroku-api-key", r => $"HEROKU_API_KEY={Guid(r)}"),
        ("github-token", r => $"token = \"{"gh" + "p_"}{R(r, 36)}\""),
        ("github-fine-grained-pat", r => $"GH_PAT={"github" + "_pat_"}{R(r, 22)}_{R(r, 59)}"),
        ("gitlab-token", r => $"gitlab.token={"glp" + "at-"}{R(r, 20, UrlSafe)}"),
        ("openai-api-key", r => $"OPENAI_API_KEY={"sk" + "-proj-"}{R(r, 120, UrlSafe)}"),
        ("anthropic-api-key", r => $"ANTHROPIC_API_KEY={"sk" + "-ant-api03-"}{R(r, 93, UrlSafe)}AA"),
        ("huggingface-token", r => $"login(\"{"h" + "f_"}{R(r, 34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}\")"),
        ("replicate-token", r => $"REPLICATE={"r" + "8_"}{R(r, 37)}"),
        ("groq-api-key", r => $"  groq_key: {"gs" + "k_"}{R(r, 52)}"),
        ("stripe-key", r => $"Stripe.api_key = '{"sk" + "_live_"}{R(r, 24)}'"),
        ("slack-token", r => $"SLACK_BOT={"xo" + "xb-"}{R(r, 12, "0123456789")}-{R(r, 13, "0123456789")}-{R(r, 24)}"),
        ("slack-webhook", r => $"webhook: https://hooks.slack.com/services/T{R(r, 8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}/B{R(r, 10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}/{R(r, 24)}"),
        ("discord-bot-token", r => $"client.run('{Convert.ToBase64String(Encoding.ASCII.GetBytes("1" + R(r, 17, "0123456789"))).TrimEnd('=')}.{R(r, 6, UrlSafe)}.{R(r, 38, UrlSafe)}')"),
        ("discord-webhook", r => $"hook = \"https://discord.com/api/webhooks/{R(r, 18, "0123456789")}/{R(r, 68, UrlSafe)}\""),
        ("telegram-bot-token", r => $"bot = Bot(\"{R(r, 10, "123456789")}:AA{R(r, 33, UrlSafe)}\")"),
        ("twilio-api-key", r => $"twilio_sid: {"S" + "K"}{R(r, 32, Hex)}"),
        ("sendgrid-api-key", r => $"SENDGRID={"S" + "G."}{R(r, 22, UrlSafe)}.{R(r, 43, UrlSafe)}"),
        ("npm-token", r => $"//registry.npmjs.org/:_authToken={"np" + "m_"}{R(r, 36)}"),
        ("pypi-token", r => $"password = {"py" + "pi-AgEIcHlwaS5vcmc"}{R(r, 70, UrlSafe)}"),
        ("linear-api-key", r => $"LINEAR={"lin" + "_api_"}{R(r, 40)}"),
        ("figma-token", r => $"FIGMA={"fi" + "gd_"}{R(r, 40, UrlSafe)}"),
        ("notion-token", r => $"notion = Client(auth=\"{"nt" + "n_"}{R(r, 46)}\")"),
        ("supabase-key", r => $"SUPABASE={"sb" + "p_"}{R(r, 40, Hex)}"),
        ("google-oauth-client-secret", r => $"\"cs\": \"{"GOC" + "SPX-"}{R(r, 28, UrlSafe)}\","),
        ("facebook-access-token", r => $"params = {{\"access_token\": \"{"EA" + "A"}{R(r, 120)}\"}}"),
        ("jwt", r => $"Authorization: Bearer {B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{B64Url("{\"sub\":\"" + R(r, 10) + "\"}")}.{R(r, 43, UrlSafe)}"),
        ("fernet-key", r => $"FERNET_KEY = \"{R(r, 43, UrlSafe)}=\""),
        ("url-credentials", r => $"DATABASE_URL=postgres://app:{R(r, 16)}@db.internal:5432/app"),
        ("generic-secret", r => $"DB_PASSWORD={R(r, 6, "ABCDEFGHJKLMNPQRSTUVWXYZ")}{R(r, 4, "23456789")}#{R(r, 4, "abcdefghijkmnopqrstuvwxyz")}"),
        ("generic-secret", r => $"  password: \"{R(r, 18, Alnum)}\""),
    ];

    /// <summary>Multi-line planted secrets: (rule, lines); the finding is on the first line.</summary>
    public static readonly (string Rule, Func<Random, string[]> Lines)[] PlantedBlocks =
    [
        ("private-key", r => ["-----BEGIN RSA " + "PRIVATE KEY-----", .. Enumerable.Range(0, 8).Select(_ => R(r, 64, Base64)), "-----END RSA " + "PRIVATE KEY-----"]),
        ("private-key", r => ["-----BEGIN OPENSSH " + "PRIVATE KEY-----", .. Enumerable.Range(0, 6).Select(_ => R(r, 70, Base64)), "-----END OPENSSH " + "PRIVATE KEY-----"]),
    ];

    /// <summary>Look-alikes that must stay clean (the predecessor's false positives and near misses).</summary>
    public static readonly Func<Random, string>[] LookAlikes =
    [
        _ => "def login(user: str, password: str) -> bool:",
        _ => "    password = get_password()",
        _ => "    payload = {\"password\": password}",
        _ => "def connect(password=None, token=None):",
        _ => "API_KEY = os.environ.get(\"API_KEY\")",
        _ => "const token = process.env.TOKEN;",
        _ => "DB_PASSWORD: ${DB_PASSWORD}",
        _ => "password: \"{{ vault_db_password }}\"",
        _ => "api_token: SERVICE_API_TOKEN_PROD",
        _ => "PASSWORD=YOUR_PASSWORD_HERE",
        _ => "POSTGRES_PASSWORD=changeme",
        _ => "API_KEY=\"<token>\"",
        _ => "SECRET=xxxxxxxxxxxxxxxx",
        _ => "TOKEN=REDACTED",
        _ => "SENHA=SUA_SENHA",
        r => $"<div class=\"g-recaptcha\" data-sitekey=\"6Lc{R(r, 37, UrlSafe)}\"></div>",
        r => $"<img src=\"data:image/png;base64,{R(r, 120, Base64)}\">",
        _ => "![token badge](https://cdn.example.org/img/token-badge.png)",
        _ => "auth_user: \"alice.smith@example.org\"",
        _ => "Remember: your password must contain at least 8 characters.",
        r => $"Tokens such as {"gh" + "p_"}{R(r, 12)} are too short to be real.",
        _ => "password_reset_phone: +55 11 98765-4321",
        _ => "token_created: 2024-05-01T12:30:45Z",
        r => $"request_id: {Guid(r)}",
        r => $"checksum: {R(r, 40, Base64)}",
        _ => "max_tokens: 4096",
        _ => "token_type: bearer",
        _ => "DATABASE_URL=postgres://user:password@localhost:5432/db",
        _ => "AWS_ACCESS_KEY_ID=" + "AK" + "IAIOSFODNN7EXAMPLE",
        r => $"commit {R(r, 40, Hex)}",
        r => $"sha256: {R(r, 64, Hex)}",
    ];
}
