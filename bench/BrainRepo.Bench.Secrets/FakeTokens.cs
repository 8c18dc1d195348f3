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
        ("gcp-service-account", r => $"{{\"type\": \"service_account\", \"project_id\": \"demo-{R(r, 6, Hex)}\", \"private_key\": \"-----BEGIN {"PRIVATE" + " KEY"}-----\\n{string.Join("\\n", Enumerable.Range(0, 4).Select(_ => R(r, 64, Base64)))}\\n-----END {"PRIVATE" + " KEY"}-----\\n\", \"client_email\": \"svc@demo.iam.gserviceaccount.com\"}}"),
    ];

    /// <summary>Multi-line planted secrets: (rule, lines); the finding is on the first line.</summary>
    public static readonly (string Rule, Func<Random, string[]> Lines)[] PlantedBlocks =
    [
        ("private-key", r => ["-----BEGIN RSA " + "PRIVATE KEY-----", .. Enumerable.Range(0, 8).Select(_ => R(r, 64, Base64)), "-----END RSA " + "PRIVATE KEY-----"]),
        ("private-key", r => ["-----BEGIN OPENSSH " + "PRIVATE KEY-----", .. Enumerable.Range(0, 6).Select(_ => R(r, 70, Base64)), "-----END OPENSSH " + "PRIVATE KEY-----"]),
    ];

    /// <summary>
    /// Near misses that must stay clean, each labelled with the rule(s) it is meant to tempt: the predecessor's false
    /// positives, documentation placeholders, references and interpolations, identifiers and hashes of the same shape,
    /// public example values. A line may hold several lines of text (PEM blocks); the label is on its first line.
    /// </summary>
    public static readonly (string[] Tempts, Func<Random, string> Line)[] LookAlikes =
    [
        // generic-secret: the predecessor's false positives (issue 3).
        ([G], _ => "def login(user: str, password: str) -> bool:"),
        ([G], _ => "    password = get_password()"),
        ([G], _ => "    payload = {\"password\": password}"),
        ([G], _ => "def connect(password=None, token=None):"),
        ([G], _ => "API_KEY = os.environ.get(\"API_KEY\")"),
        ([G], _ => "const token = process.env.TOKEN;"),
        ([G], _ => "DB_PASSWORD: ${DB_PASSWORD}"),
        ([G], _ => "password: \"{{ vault_db_password }}\""),
        ([G], _ => "api_token: SERVICE_API_TOKEN_PROD"),
        ([G], _ => "PASSWORD=YOUR_PASSWORD_HERE"),
        ([G], _ => "POSTGRES_PASSWORD=changeme"),
        ([G], _ => "API_KEY=\"<token>\""),
        ([G], _ => "SECRET=xxxxxxxxxxxxxxxx"),
        ([G], _ => "TOKEN=REDACTED"),
        ([G], _ => "SENHA=SUA_SENHA"),
        ([G], r => $"<div class=\"g-recaptcha\" data-sitekey=\"6Lc{R(r, 37, UrlSafe)}\"></div>"),
        ([G], r => $"<img src=\"data:image/png;base64,{R(r, 120, Base64)}\">"),
        ([G], _ => "![token badge](https://cdn.example.org/img/token-badge.png)"),
        ([G], _ => "auth_user: \"alice.smith@example.org\""),
        ([G], _ => "Remember: your password must contain at least 8 characters."),
        (["github-token"], r => $"Tokens such as {"gh" + "p_"}{R(r, 12)} are too short to be real."),
        ([G], _ => "password_reset_phone: +55 11 98765-4321"),
        ([G], _ => "token_created: 2024-05-01T12:30:45Z"),
        (["heroku-api-key", G], r => $"request_id: {Guid(r)}"),
        (["aws-secret-access-key", G], r => $"checksum: {R(r, 40, Base64)}"),
        ([G], _ => "max_tokens: 4096"),
        ([G], _ => "token_type: bearer"),
        (["url-credentials"], _ => "DATABASE_URL=postgres://user:password@localhost:5432/db"),
        (["aws-access-key-id"], _ => "AWS_ACCESS_KEY_ID=" + "AK" + "IAIOSFODNN7EXAMPLE"),
        (["aws-secret-access-key", G], r => $"commit {R(r, 40, Hex)}"),
        (["digitalocean-token", G], r => $"sha256: {R(r, 64, Hex)}"),

        // One or more near misses for every other rule: placeholders from the providers' docs, references, same-shape identifiers.
        (["aws-access-key-id", G], _ => "aws_access_key_id = ${AWS_ACCESS_KEY_ID}"),
        (["aws-access-key-id"], _ => "Access key IDs start with " + "AK" + "IA (long-term) or " + "AS" + "IA (temporary credentials)."),
        (["aws-secret-access-key", G], _ => "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + "EXAMPLEKEY"),
        (["aws-secret-access-key", G], _ => "  AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}"),
        (["gcp-service-account", "private-key"], _ => "{\"type\": \"service_account\", \"private_key\": \"-----BEGIN " + "PRIVATE KEY-----\\n<paste the key from the JSON file here>\\n-----END " + "PRIVATE KEY-----\\n\"}"),
        (["gcp-api-key", G], _ => "  apiKey: \"" + "AI" + "zaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\","),
        (["gcp-api-key", G], _ => "  apiKey: process.env.FIREBASE_API_KEY,"),
        (["azure-storage-key", G], _ => "\"AzureWebJobsStorage\": \"UseDevelopmentStorage=true\","),
        (["azure-storage-key", G], _ => "AZURE_STORAGE_KEY=${AZURE_STORAGE_KEY}"),
        (["azure-storage-key", G], _ => "DefaultEndpointsProtocol=https;AccountName=demo;AccountKey=<storage-account-key>;EndpointSuffix=core.windows.net"),
        (["digitalocean-token", G], _ => "export DIGITALOCEAN_TOKEN=" + "do" + "p_v1_<your-token>"),
        (["heroku-api-key", G], _ => "HEROKU_API_KEY=$(heroku auth:token)"),
        (["heroku-api-key"], r => $"heroku release {Guid(r)} deployed to production"),
        (["github-token", G], _ => "GITHUB_TOKEN=" + "gh" + "p_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["github-token", G], _ => "  token: ${{ secrets.GITHUB_TOKEN }}"),
        (["github-fine-grained-pat", G], _ => "GH_PAT=" + "github" + "_pat_<your-fine-grained-token>"),
        (["github-fine-grained-pat"], _ => "Fine-grained tokens start with " + "github" + "_pat_ and are 93 characters long."),
        (["gitlab-token", G], _ => "gitlab.token=" + "glp" + "at-xxxxxxxxxxxxxxxxxxxx"),
        (["gitlab-token"], r => $"Tokens look like {"glp" + "at-"}{R(r, 6)}\u2026 in the UI (truncated)."),
        (["openai-api-key", G], _ => "OPENAI_API_KEY=" + "sk" + "-proj-..."),
        (["openai-api-key", G], _ => "openai.api_key = os.getenv(\"OPENAI_API_KEY\")"),
        (["anthropic-api-key", G], _ => "ANTHROPIC_API_KEY=" + "sk" + "-ant-api03-..."),
        (["anthropic-api-key", G], _ => "ANTHROPIC_API_KEY=" + "sk" + "-ant-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["huggingface-token"], r => $"model_id = \"{"h" + "f_"}{R(r, 34, "abcdefghijklmnopqrstuvwxyz")}\""),
        (["huggingface-token", G], _ => "login(token=os.environ[\"HF_TOKEN\"])"),
        (["replicate-token", G], _ => "REPLICATE_API_TOKEN=" + "r" + "8_<paste-your-token>"),
        (["replicate-token", G], _ => "REPLICATE_API_TOKEN=" + "r" + "8_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["groq-api-key", G], _ => "GROQ_API_KEY=" + "gs" + "k_..."),
        (["groq-api-key", G], _ => "GROQ_API_KEY=" + "gs" + "k_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["stripe-key", G], _ => "Stripe.api_key = ENV['STRIPE_SECRET_KEY']"),
        (["stripe-key", G], _ => "STRIPE_SECRET_KEY=" + "sk" + "_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
        (["stripe-key"], _ => "// " + "sk" + "_live_ keys are only used in production"),
        (["slack-token", G], _ => "SLACK_BOT_TOKEN=" + "xo" + "xb-your-token-here"),
        (["slack-token", G], _ => "SLACK_BOT_TOKEN=" + "xo" + "xb-..."),
        (["slack-webhook"], _ => "webhook: https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"),
        (["slack-webhook"], _ => "webhook: https://hooks.slack.com/services/YOUR/WEBHOOK/URL"),
        (["discord-webhook"], _ => "hook = \"https://discord.com/api/webhooks/{webhook_id}/{webhook_token}\""),
        (["discord-webhook"], r => $"hook = \"https://discord.com/api/webhooks/{R(r, 18, "0123456789")}/{new string('x', 68)}\""),
        (["discord-bot-token"], r => $"build_ref: N{R(r, 23)}.{R(r, 6)}.{R(r, 30)}"),
        (["discord-bot-token", G], _ => "client.run(os.environ['DISCORD_TOKEN'])"),
        (["telegram-bot-token"], r => $"\"ts\": \"{R(r, 10, "123456789")}:{R(r, 35, Hex)}\","),
        (["telegram-bot-token", G], _ => "bot = Bot(token=TELEGRAM_BOT_TOKEN)"),
        (["twilio-api-key"], r => $"account_sid: AC{R(r, 32, Hex)}"),
        (["twilio-api-key"], _ => "twilio_sid: " + "S" + "Kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["sendgrid-api-key", G], _ => "SENDGRID_API_KEY=" + "S" + "G.<your-key>"),
        (["sendgrid-api-key", G], _ => "SENDGRID_API_KEY=" + "S" + "G.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["npm-token", G], _ => "//registry.npmjs.org/:_authToken=${NPM_TOKEN}"),
        (["npm-token", G], _ => "//registry.npmjs.org/:_authToken=" + "np" + "m_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["pypi-token", G], _ => "username = __token__"),
        (["pypi-token", G], _ => "password = " + "py" + "pi-AgEIcHlwaS5vcmc..."),
        (["linear-api-key", G], _ => "LINEAR_API_KEY=" + "lin" + "_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["linear-api-key", G], _ => "LINEAR_API_KEY=" + "lin" + "_api_..."),
        (["figma-token", G], _ => "FIGMA_TOKEN=" + "fi" + "gd_..."),
        (["figma-token", G], _ => "X-Figma-Token: <personal access token>"),
        (["notion-token"], r => $"ref = \"{"sec" + "ret_"}{R(r, 43, "abcdefghijklmnopqrstuvwxyz")}\""),
        (["notion-token", G], _ => "NOTION_TOKEN=" + "nt" + "n_..."),
        (["supabase-key", G], _ => "SUPABASE_ACCESS_TOKEN=" + "sb" + "p_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),
        (["supabase-key", G], _ => "SUPABASE_SERVICE_ROLE_KEY=${SUPABASE_SERVICE_ROLE_KEY}"),
        (["google-oauth-client-secret", G], _ => "\"client_secret\": \"" + "GOC" + "SPX-<your-client-secret>\","),
        (["google-oauth-client-secret", G], _ => "\"client_secret\": \"" + "GOC" + "SPX-xxxxxxxxxxxxxxxxxxxxxxxxxxxx\","),
        (["facebook-access-token", G], _ => "params = {\"access_token\": \"" + "EA" + "A...\"}"),
        (["facebook-access-token", G], r => $"fb_app_id: {R(r, 16, "0123456789")}"),
        (["jwt"], _ => "The jwt.io sample: " + B64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64Url("{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}") + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"),
        (["jwt"], r => $"unsigned: {B64Url("{\"alg\":\"none\"}")}.{B64Url("{\"sub\":\"" + R(r, 10) + "\"}")}."),
        (["private-key"], r => string.Join('\n', ["-----BEGIN PUBLIC KEY-----", .. Enumerable.Range(0, 6).Select(_ => R(r, 64, Base64)), "-----END PUBLIC KEY-----"])),
        (["private-key"], r => string.Join('\n', ["-----BEGIN CERTIFICATE-----", .. Enumerable.Range(0, 8).Select(_ => R(r, 64, Base64)), "-----END CERTIFICATE-----"])),
        (["private-key"], _ => "Paste the block starting with -----BEGIN OPENSSH " + "PRIVATE KEY----- into the form."),
        (["fernet-key", G], _ => "FERNET_KEY = Fernet.generate_key()"),
        (["fernet-key"], r => $"ciphertext = b'gAAAAA{R(r, 94, UrlSafe)}=='"),
        (["url-credentials"], _ => "DATABASE_URL=postgresql://${DB_USER}:${DB_PASS}@db:5432/app"),
        (["url-credentials"], _ => "MONGO_URI=mongodb+srv://<username>:<password>@cluster0.mongodb.net/test"),
        (["url-credentials"], _ => "remote: git@github.com:org/repo.git"),
    ];

    private const string G = "generic-secret";
}
