using BrainRepo.Core.Secrets;
using static BrainRepo.Core.Tests.Secrets.FakeSecrets;

namespace BrainRepo.Core.Tests.Secrets;

public sealed class GenericSecretTests
{
    /// <summary>Format, template ({0} = secret), secret.</summary>
    public static TheoryData<string, string, string> Assignments() => new()
    {
        { "env mixed-case password", "POSTGRES_PASSWORD={0}\n", "aB3xK9&zQmP7" },
        { "env quoted", "export DB_PASS=\"{0}\"\n", Random(16, Alnum, 2) },
        { "yaml", "database:\n  password: {0}\n", "Tr0ub4dor&3x" },
        { "yaml quoted", "auth:\n  client_secret: '{0}'\n", Random(32, UrlSafe, 3) },
        { "json", "{\"apiKey\": \"{0}\"}\n", Random(32, Hex, 4) },
        { "toml", "[db]\npassword = \"{0}\"\n", "s3cr3t-Pa55w0rd" },
        { "ini", "[smtp]\nsmtp_password={0}\n", "Hx7#kP2vLq9z" },
        { "python", "conn = connect(host=h, password=\"{0}\")\n", "Wq8!zR4tYp2m" },
        { "javascript", "const apiToken = '{0}';\n", Random(40, Alnum, 5) },
        { "csharp", "options.ClientSecret = \"{0}\";\n", Random(24, Alnum, 6) },
        { "go", "cfg := Config{Password: \"{0}\"}\n", "G0lang-Pa$$-2024" },
        { "php", "'password' => '{0}',\n", "Ph9-secret-Value" },
        { "shell flag", "mysql -u root --password={0} db\n", "My5ql!Root77" },
        { "properties", "spring.datasource.password={0}\n", "Spr1ng#Boot42" },
        { "xml element", "<password>{0}</password>\n", "Xm1-Pa55word!" },
        { "xml attribute", "<db user=\"app\" password=\"{0}\"/>\n", "Attr1but3-Pw!" },
        { "markdown backticks", "The staging token: `{0}`\n", Random(32, Alnum, 7) },
        { "portuguese", "SENHA_BANCO={0}\n", "Senh4Forte#2024" },
        { "uuid as api key", "api_key: \"{0}\"\n", Guid(8) },
        { "lowercase long random", "secret = \"{0}\"\n", Random(24, "abcdefghijklmnopqrstuvwxyz", 9) },
    };

    [Theory]
    [MemberData(nameof(Assignments))]
    public void Scan_WhenCredentialAssigned_ReportsGenericSecretSpan(string format, string template, string secret)
    {
        var text = template.Replace("{0}", secret, StringComparison.Ordinal);

        var findings = ScanHelper.Scan(text).Findings;

        var finding = Assert.Single(findings);
        Assert.True(finding.RuleId == SecretRuleIds.GenericSecret, format);
        Assert.Equal(secret, ScanHelper.SecretOf(text, finding));
        Assert.Null(finding.Preview);
    }

    /// <summary>The predecessor's false positives (issue 3), one class per row.</summary>
    public static TheoryData<string, string> FalsePositives() => new()
    {
        { "type hint", "def login(user: str, password: str) -> bool:" },
        { "function call", "password = get_password()" },
        { "variable reference", "payload = {\"password\": password}" },
        { "none default", "def connect(password=None, token=None):" },
        { "attribute reference", "token = self.token_provider.current" },
        { "indexing", "token = tokens[0]" },
        { "environment read python", "API_KEY = os.environ.get(\"API_KEY\")" },
        { "environment read getenv", "secret = os.getenv('CLIENT_SECRET', '')" },
        { "environment read node", "const token = process.env.TOKEN;" },
        { "environment read dotnet", "var pw = Environment.GetEnvironmentVariable(\"DB_PASSWORD\");" },
        { "shell interpolation", "DB_PASSWORD=${DB_PASSWORD}" },
        { "shell variable", "mysql --password=$MYSQL_PASSWORD" },
        { "jinja template", "password: \"{{ vault_db_password }}\"" },
        { "github actions", "token: ${{ secrets.GITHUB_TOKEN }}" },
        { "all caps binding", "api_token: SERVICE_API_TOKEN_PROD" },
        { "all caps binding quoted", "\"token\": \"SERVICE_API_TOKEN_PROD\"" },
        { "placeholder your", "password: YOUR_PASSWORD_HERE" },
        { "placeholder changeme", "POSTGRES_PASSWORD=changeme" },
        { "placeholder angle", "api_key = \"<token>\"" },
        { "placeholder xxxx", "secret: xxxxxxxxxxxxxxxx" },
        { "placeholder redacted", "password: \"REDACTED\"" },
        { "placeholder example", "api_key=example-api-key-123" },
        { "placeholder dummy", "token = \"dummy-token-for-tests\"" },
        { "placeholder fake", "SECRET_KEY=fake-secret-key-1234" },
        { "placeholder portuguese", "senha: SUA_SENHA" },
        { "placeholder stars", "password: ********" },
        { "recaptcha site key", "recaptcha_public_key: \"6Lc" + Random(37, UrlSafe) + "\"" },
        { "data uri", "icon_token: \"data:image/png;base64," + Random(80, Base64) + "\"" },
        { "image url", "token_image: https://cdn.example.org/img/token-badge.png" },
        { "file name", "secret_file: credentials/prod-secret.json" },
        { "image name value", "password_icon = \"lock-password-icon-2x.png\"" },
        { "email", "auth_user: \"alice.smith@example.org\"" },
        { "prose", "Remember: your password must contain at least 8 characters." },
        { "prose colon", "Password: see the team vault for details" },
        { "prose token sentence", "The token: authentication happens through OAuth." },
        { "markdown heading", "## Password reset flow" },
        { "phone number", "password_reset_phone: +55 11 98765-4321" },
        { "phone number compact", "secret_phone=+5511987654321" },
        { "timestamp", "token_created: 2024-05-01T12:30:45Z" },
        { "timestamp value", "secret = \"2024-05-01T12:30:45Z\"" },
        { "metadata key", "password_min_length: 12" },
        { "token count", "max_tokens: 4096" },
        { "token type", "token_type: bearer" },
        { "camel case name", "\"passwordField\": \"passwordInputField\"" },
        { "bypass is not pass", "bypass = \"Xk9#mQ2$vL7p\"" },
        { "short value", "password: abc12" },
        { "numeric", "pin_password=12345678" },
        { "password hash", "password_hash: \"$2b$12$" + Random(53, Base64) + "\"" },
        { "dollar reference key", "echo $password_value_Xy9#kk" },
        { "uuid without context", "request: " + Guid() },
        { "url credentials placeholder", "DATABASE_URL=postgres://user:password@localhost:5432/db" },
        { "url credentials interpolation", "url: postgresql://${DB_USER}:${DB_PASS}@db:5432/app" },
        { "url without credentials", "see https://docs.example.com:8443/path@v2" },
        { "reference vault", "secret: !vault |" },
    };

    [Theory]
    [MemberData(nameof(FalsePositives))]
    public void Scan_WhenPredecessorFalsePositive_ReportsNothing(string falsePositiveClass, string line)
    {
        var result = ScanHelper.Scan(line + "\n");

        Assert.True(result.IsClean, $"{falsePositiveClass}: {string.Join(", ", result.Findings.Select(f => f.RuleId))}");
    }

    public static TheoryData<string, string> UrlCredentials() => new()
    {
        { "postgres", "postgres://app:{0}@db.internal:5432/app" },
        { "postgresql", "postgresql://app:{0}@db/app" },
        { "mysql", "mysql://root:{0}@127.0.0.1/shop" },
        { "mongodb+srv", "mongodb+srv://admin:{0}@cluster0.abcde.mongodb.net/test" },
        { "redis", "redis://:{0}@cache:6379/0" },
        { "amqp", "amqp://guest:{0}@rabbit:5672/" },
        { "https", "https://deploy:{0}@git.acme-corp.io/repo.git" },
    };

    [Theory]
    [MemberData(nameof(UrlCredentials))]
    public void Scan_WhenUrlHasEmbeddedPassword_ReportsPasswordSpan(string scheme, string template)
    {
        var password = "Pw" + Random(12, Alnum, scheme.Length);
        var text = "url = " + template.Replace("{0}", password, StringComparison.Ordinal) + "\n";

        var finding = Assert.Single(ScanHelper.Scan(text).Findings);

        Assert.Equal(SecretRuleIds.UrlCredentials, finding.RuleId);
        Assert.Equal(password, ScanHelper.SecretOf(text, finding));
    }

    [Fact]
    public void Scan_WhenPlaceholderThenRealPasswordOnSameLine_ReportsTheRealOne()
    {
        var text = "password=changeme password=Hx7#kP2vLq9z\n";

        var finding = Assert.Single(ScanHelper.Scan(text).Findings);

        Assert.Equal("Hx7#kP2vLq9z", ScanHelper.SecretOf(text, finding));
    }

    [Fact]
    public void Scan_WhenEnvFileHasManyAssignments_ReportsEachSecretLine()
    {
        var text = "APP_NAME=brain\nDB_PASSWORD=Qw9!rT5yU2\nDB_USER=app\nAPI_TOKEN=" + Random(32, Alnum, 3) + "\nDEBUG=true\n";

        var lines = ScanHelper.Scan(text, ".env").Findings.Select(f => f.Line);

        Assert.Equal([2, 4], lines);
    }
}
