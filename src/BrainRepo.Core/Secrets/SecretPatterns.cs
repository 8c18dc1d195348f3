using System.Text.RegularExpressions;

namespace BrainRepo.Core.Secrets;

/// <summary>
/// Source-generated regexes of the rules. Tokens are bounded on both sides by "not a token character" look-arounds,
/// so a too-short or too-long look-alike does not match. The secret is the group <c>secret</c> (or the whole match).
/// </summary>
internal static partial class SecretPatterns
{
    private const RegexOptions Opts = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Context separator: an optional closing quote, then =, :, :=, => with optional spaces, then an optional opening quote.
    private const string Sep = """["']?\s{0,4}(?:=>|:=|=|:)\s{0,4}[bru]?["'`]?""";

    [GeneratedRegex("(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])", Opts)]
    public static partial Regex AwsAccessKeyId();

    [GeneratedRegex("(?i:aws)[A-Za-z0-9_.\\-]{0,30}?(?i:secret|sk)[A-Za-z0-9_.\\-]{0,30}" + Sep + "(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])", Opts)]
    public static partial Regex AwsSecretAccessKey();

    [GeneratedRegex("\"private_key\"\\s*:\\s*\"(?<secret>-----BEGIN[^\"]{64,8192}?-----END[A-Z ]{0,30}PRIVATE KEY-----(?:\\\\n)?)\"", Opts)]
    public static partial Regex GcpServiceAccountPrivateKey();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])AIza[0-9A-Za-z_\\-]{35}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex GcpApiKey();

    [GeneratedRegex("(?:AccountKey\\s*=\\s*|(?i:azure|storage|account)[A-Za-z0-9_.\\-]{0,30}?(?i:key|secret)[A-Za-z0-9_.\\-]{0,10}" + Sep + ")(?<secret>[A-Za-z0-9+/]{86}==)", Opts)]
    public static partial Regex AzureStorageKey();

    [GeneratedRegex("(?<![A-Za-z0-9_])do[por]_v1_[a-f0-9]{64}(?![A-Za-z0-9])", Opts)]
    public static partial Regex DigitalOceanToken();

    [GeneratedRegex("(?:(?i:heroku)[A-Za-z0-9_.\\-]{0,30}?(?i:key|token|secret|api|auth)[A-Za-z0-9_.\\-]{0,20}" + Sep + "(?<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})(?![0-9a-fA-F])|(?<![A-Za-z0-9])(?<secret>HRKU-[A-Za-z0-9_\\-]{60})(?![A-Za-z0-9_\\-]))", Opts)]
    public static partial Regex HerokuApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36}(?![A-Za-z0-9])", Opts)]
    public static partial Regex GitHubToken();

    [GeneratedRegex("(?<![A-Za-z0-9])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9])", Opts)]
    public static partial Regex GitHubFineGrainedPat();

    [GeneratedRegex("(?<![A-Za-z0-9])glpat-[A-Za-z0-9_\\-]{20,64}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex GitLabToken();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])sk-(?:proj-[A-Za-z0-9_\\-]{40,250}|(?:svcacct-|admin-)?[A-Za-z0-9_\\-]{20,200}T3BlbkFJ[A-Za-z0-9_\\-]{20,200})(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex OpenAiApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])sk-ant-[A-Za-z0-9_\\-]{32,200}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex AnthropicApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex HuggingFaceToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex ReplicateToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])gsk_[A-Za-z0-9]{52}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex GroqApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9_])[spr]k_(?:live|test)_[A-Za-z0-9]{24,247}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex StripeKey();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])xox[abprs]-[0-9A-Za-z]{1,40}(?:-[0-9A-Za-z]{1,64}){1,5}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex SlackToken();

    [GeneratedRegex("https://hooks\\.slack\\.com/(?:services|workflows|triggers)/(?:[A-Za-z0-9_\\-]{6,20}/[A-Za-z0-9_\\-]{6,20}/[A-Za-z0-9_\\-]{16,64}|[A-Za-z0-9+/_\\-]{40,80})", Opts)]
    public static partial Regex SlackWebhook();

    [GeneratedRegex("https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/[0-9]{15,21}/[A-Za-z0-9_\\-]{60,80}", Opts)]
    public static partial Regex DiscordWebhook();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-.])(?<id>[MNO][A-Za-z0-9_\\-]{23,27})\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,40}(?![A-Za-z0-9_\\-.])", Opts)]
    public static partial Regex DiscordBotToken();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-+:./])[0-9]{8,10}:[A-Za-z0-9_\\-]{35}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex TelegramBotToken();

    [GeneratedRegex("(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])", Opts)]
    public static partial Regex TwilioApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9])SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex SendGridApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex NpmToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])pypi-AgE[A-Za-z0-9_\\-]{50,400}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex PyPiToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_])", Opts)]
    public static partial Regex LinearApiKey();

    [GeneratedRegex("(?<![A-Za-z0-9_])figd_[A-Za-z0-9_\\-]{38,64}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex FigmaToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])(?:ntn_[A-Za-z0-9]{46}|secret_[A-Za-z0-9]{43})(?![A-Za-z0-9_])", Opts)]
    public static partial Regex NotionToken();

    [GeneratedRegex("(?<![A-Za-z0-9_])(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_\\-]{31,64})(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex SupabaseKey();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])GOCSPX-[A-Za-z0-9_\\-]{28}(?![A-Za-z0-9_\\-])", Opts)]
    public static partial Regex GoogleOAuthClientSecret();

    [GeneratedRegex("(?i:access[_\\-]?token|bearer|fb[_\\-]?token|page[_\\-]?token|facebook[_\\-]?token)[\"'\\s:=]{1,6}(?<secret>EAA[A-Za-z0-9]{30,400})(?![A-Za-z0-9])", Opts)]
    public static partial Regex FacebookAccessToken();

    [GeneratedRegex("(?<![A-Za-z0-9_\\-])eyJ[A-Za-z0-9_\\-]{8,2048}\\.eyJ[A-Za-z0-9_\\-]{8,8192}\\.[A-Za-z0-9_\\-]{16,1024}(?![A-Za-z0-9_\\-.])", Opts)]
    public static partial Regex Jwt();

    [GeneratedRegex("(?i:fernet|encrypt|crypt|cipher)[A-Za-z0-9_.\\-]{0,30}(?:" + Sep + "|\\(\\s{0,4}b?[\"'])(?<secret>[A-Za-z0-9_\\-]{43}=)(?![A-Za-z0-9_\\-=])", Opts)]
    public static partial Regex FernetKey();

    [GeneratedRegex("(?<=(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,20})://(?<user>[^\\s:/?#@\"'<>\\[\\]`]{0,128}):(?<secret>[^\\s/?#@\"'<>`]{1,256})@(?<host>[A-Za-z0-9_.\\-\\[\\]]+)", Opts)]
    public static partial Regex UrlCredentials();

    /// <summary>Anchored at a key's first char: key, separator, value (double-, single-, back-quoted or bare).</summary>
    [GeneratedRegex("\\G(?<key>[A-Za-z0-9_.\\-]{1,80})(?:\"|'|\\]|\\))?\\s{0,4}(?:=>|:=|::|=|:)\\s{0,4}(?:[bru]?\"(?<dq>[^\"\\r\\n]{1,512})\"|[bru]?'(?<sq>[^'\\r\\n]{1,512})'|`(?<bq>[^`\\r\\n]{1,512})`|(?<bare>[^\\s\"'`<>]{1,512}))", Opts)]
    public static partial Regex GenericAssignment();

    /// <summary>Anchored at an XML element name: &lt;password&gt;value&lt;/password&gt;.</summary>
    [GeneratedRegex("\\G(?<key>[A-Za-z0-9_.\\-]{1,80})>(?<bare>[^<\\r\\n]{1,512})</\\k<key>>", Opts)]
    public static partial Regex GenericXmlElement();
}
