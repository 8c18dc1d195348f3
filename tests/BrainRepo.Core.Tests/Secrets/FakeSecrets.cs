using System.Text;

namespace BrainRepo.Core.Tests.Secrets;

/// <summary>
/// Builds realistically shaped but fake secrets at run time, so that the repository never contains a literal that a
/// host's push protection would take for a live credential. Deterministic: the same seed gives the same secret.
/// </summary>
internal static class FakeSecrets
{
    public const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string UrlSafe = Alnum + "-_";
    public const string Hex = "0123456789abcdef";
    public const string Base64 = Alnum + "+/";

    public static string Random(int length, string alphabet = Alnum, int seed = 1)
    {
        var random = new Random(seed * 7919 + length);
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return sb.ToString();
    }

    public static string GitHub(string kind = "p", int seed = 1) => "gh" + kind + "_" + Random(36, Alnum, seed);

    public static string GitHubFineGrained(int seed = 1) => "github" + "_pat_" + Random(22, Alnum, seed) + "_" + Random(59, Alnum, seed + 1);

    public static string GitLab(int seed = 1) => "glp" + "at-" + Random(20, UrlSafe, seed);

    public static string AwsAccessKeyId(int seed = 1) => "AK" + "IA" + Random(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", seed);

    public static string AwsSecret(int seed = 1) => Random(40, Base64, seed);

    public static string GcpApiKey(int seed = 1) => "AI" + "za" + Random(35, UrlSafe, seed);

    public static string AzureKey(int seed = 1) => Random(86, Base64, seed) + "==";

    public static string DigitalOcean(int seed = 1) => "do" + "p_v1_" + Random(64, Hex, seed);

    public static string OpenAiLegacy(int seed = 1) => "sk" + "-" + Random(20, Alnum, seed) + "T3Blbk" + "FJ" + Random(20, Alnum, seed + 1);

    public static string OpenAiProject(int seed = 1) => "sk" + "-proj-" + Random(120, UrlSafe, seed);

    public static string Anthropic(int seed = 1) => "sk" + "-ant-api03-" + Random(93, UrlSafe, seed) + "AA";

    public static string HuggingFace(int seed = 1) => "h" + "f_" + Random(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", seed);

    public static string Replicate(int seed = 1) => "r" + "8_" + Random(37, Alnum, seed);

    public static string Groq(int seed = 1) => "gs" + "k_" + Random(52, Alnum, seed);

    public static string Stripe(string kind = "sk_live_", int seed = 1) => kind[..2] + kind[2..] + Random(24, Alnum, seed);

    public static string SlackBot(int seed = 1) => "xo" + "xb-" + Random(12, "0123456789", seed) + "-" + Random(13, "0123456789", seed + 1) + "-" + Random(24, Alnum, seed + 2);

    public static string SlackWebhook(int seed = 1) =>
        "https://hooks.slack.com/services/T" + Random(8, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed) + "/B" + Random(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", seed + 1) + "/" + Random(24, Alnum, seed + 2);

    public static string DiscordBot(int seed = 1)
    {
        var id = "1" + Random(17, "0123456789", seed);
        var idPart = Convert.ToBase64String(Encoding.ASCII.GetBytes(id)).TrimEnd('=');
        return idPart + "." + Random(6, UrlSafe, seed + 1) + "." + Random(38, UrlSafe, seed + 2);
    }

    public static string DiscordWebhook(int seed = 1) =>
        "https://discord.com/api/webhooks/" + Random(18, "0123456789", seed) + "/" + Random(68, UrlSafe, seed + 1);

    public static string Telegram(int seed = 1) => Random(10, "123456789", seed) + ":AA" + Random(33, UrlSafe, seed + 1);

    public static string Twilio(int seed = 1) => "S" + "K" + Random(32, Hex, seed);

    public static string SendGrid(int seed = 1) => "S" + "G." + Random(22, UrlSafe, seed) + "." + Random(43, UrlSafe, seed + 1);

    public static string Npm(int seed = 1) => "np" + "m_" + Random(36, Alnum, seed);

    public static string PyPi(int seed = 1) => "py" + "pi-AgEIcHlwaS5vcmc" + Random(70, UrlSafe, seed);

    public static string Linear(int seed = 1) => "lin" + "_api_" + Random(40, Alnum, seed);

    public static string Figma(int seed = 1) => "fi" + "gd_" + Random(40, UrlSafe, seed);

    public static string NotionNtn(int seed = 1) => "nt" + "n_" + Random(46, Alnum, seed);

    public static string NotionSecret(int seed = 1) => "sec" + "ret_" + Random(43, Alnum, seed);

    public static string SupabaseSbp(int seed = 1) => "sb" + "p_" + Random(40, Hex, seed);

    public static string SupabaseSecret(int seed = 1) => "sb" + "_secret_" + Random(32, UrlSafe, seed);

    public static string GoogleOAuth(int seed = 1) => "GOC" + "SPX-" + Random(28, UrlSafe, seed);

    public static string Facebook(int seed = 1) => "EA" + "A" + Random(120, Alnum, seed);

    public static string Heroku(int seed = 1) => Guid(seed);

    public static string HerokuNew(int seed = 1) => "HR" + "KU-" + Random(60, UrlSafe, seed);

    public static string Fernet(int seed = 1) => Random(43, UrlSafe, seed) + "=";

    public static string Guid(int seed = 1) =>
        Random(8, Hex, seed) + "-" + Random(4, Hex, seed + 1) + "-4" + Random(3, Hex, seed + 2) + "-a" + Random(3, Hex, seed + 3) + "-" + Random(12, Hex, seed + 4);

    public static string Jwt(int seed = 1)
    {
        static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64("{\"sub\":\"" + Random(10, Alnum, seed) + "\",\"iat\":1700000000}") + "." + Random(43, UrlSafe, seed + 1);
    }

    public static string PemBody(int seed = 1, int lines = 8)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            sb.Append(Random(64, Base64, seed + i)).Append('\n');
        }

        return sb.ToString();
    }

    public static string PrivateKey(string label = "RSA PRIVATE KEY", int seed = 1) =>
        "-----BEGIN " + label + "-----\n" + PemBody(seed) + "-----END " + label + "-----\n";

    public static string ServiceAccountJson(int seed = 1) =>
        "{\n  \"type\": \"service_account\",\n  \"project_id\": \"demo-project\",\n  \"private_key_id\": \"" + Random(40, Hex, seed) + "\",\n"
        + "  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + PemBody(seed).Replace("\n", "\\n", StringComparison.Ordinal) + "-----END PRIVATE KEY-----\\n\",\n"
        + "  \"client_email\": \"svc@demo-project.iam.gserviceaccount.com\"\n}\n";
}
