using BrainRepo.Core.Remote;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class RemoteSpecTests
{
    [Theory]
    [InlineData("https://github.com/me/brain.git", RemoteKind.Https)]
    [InlineData("http://127.0.0.1:8080/brain.git", RemoteKind.HttpLoopback)]
    [InlineData("http://localhost/brain.git", RemoteKind.HttpLoopback)]
    [InlineData("ssh://git@github.com/me/brain.git", RemoteKind.Ssh)]
    [InlineData("git@github.com:me/brain.git", RemoteKind.Ssh)]
    [InlineData("/srv/backups/brain.git", RemoteKind.Local)]
    [InlineData("file:///srv/backups/brain.git", RemoteKind.Local)]
    [InlineData("./relative/brain.git", RemoteKind.Local)]
    public void Parse_AcceptsSupportedForms(string url, RemoteKind kind)
    {
        var spec = RemoteSpec.Parse(url);

        Assert.Equal(kind, spec.Kind);
    }

    [Fact]
    public void Parse_FileUrl_GivesAbsolutePath()
    {
        Assert.Equal("/srv/backups/brain.git", RemoteSpec.Parse("file:///srv/backups/brain.git").Url);
    }

    [Theory]
    [InlineData("https://user:ghp_SuperSecret123@github.com/me/brain.git")]
    [InlineData("https://ghp_SuperSecret123@github.com/me/brain.git")]
    [InlineData("http://x:ghp_SuperSecret123@127.0.0.1/brain.git")]
    [InlineData("ssh://git:ghp_SuperSecret123@github.com/me/brain.git")]
    public void Parse_EmbeddedCredentials_AreRejectedWithoutEchoingThem(string url)
    {
        var ex = Assert.Throws<InvalidRemoteUrlException>(() => RemoteSpec.Parse(url));

        Assert.Contains("embedded credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_SuperSecret123", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_SuperSecret123", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_QueryString_IsRejectedWithoutEchoingIt()
    {
        var ex = Assert.Throws<InvalidRemoteUrlException>(() => RemoteSpec.Parse("https://host/repo.git?access_token=ghp_Q"));

        Assert.DoesNotContain("ghp_Q", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://example.com/brain.git")]
    [InlineData("ftp://example.com/brain.git")]
    [InlineData("")]
    [InlineData("-uhttps://x")]
    public void Parse_RejectsUnsafeOrUnsupported(string url)
    {
        Assert.Throws<InvalidRemoteUrlException>(() => RemoteSpec.Parse(url));
    }

    [Fact]
    public void TryParse_ReturnsSafeError()
    {
        var ok = RemoteSpec.TryParse("https://a:tok3n@h/r", out var spec, out var error);

        Assert.False(ok);
        Assert.Null(spec);
        Assert.DoesNotContain("tok3n", error!, StringComparison.Ordinal);
    }
}
