using System.Text;
using BrainRepo.Core.Sealing;
using BrainRepo.Core.Secrets;

namespace BrainRepo.Core.Tests.Sealing;

public sealed class SealedEnvelopeTests
{
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("NAME=demo\nGITHUB_TOKEN=" + SealTestData.Token + "\n");

    [Fact]
    public void Seal_ThenOpen_GivesTheSameBytes_AndTheEnvelopeHoldsNoPlaintext()
    {
        var key = SealKey.Generate();

        var envelope = SealedEnvelope.Seal(key, "config/deploy.env", Content);

        Assert.True(envelope.AsSpan().StartsWith(SealedEnvelope.Magic));
        Assert.Equal(Content.Length + SealedEnvelope.Overhead, envelope.Length);
        Assert.Equal(key.Id, SealedEnvelope.KeyIdOf(envelope));
        Assert.Equal(-1, envelope.AsSpan().IndexOf(Encoding.ASCII.GetBytes(SealTestData.Token)));
        Assert.Equal(-1, envelope.AsSpan().IndexOf("NAME=demo"u8));
        Assert.Equal(Content, SealedEnvelope.Open(key, "config/deploy.env", envelope));
    }

    [Fact]
    public void Seal_EmptyFile_RoundTrips()
    {
        var key = SealKey.Generate();
        var envelope = SealedEnvelope.Seal(key, "empty", []);
        Assert.Equal(SealedEnvelope.Overhead, envelope.Length);
        Assert.Empty(SealedEnvelope.Open(key, "empty", envelope));
    }

    [Fact]
    public void Seal_IsDeterministic_ForTheSameKeyPathAndContent_AndNotOtherwise()
    {
        var key = SealKey.Generate();

        var first = SealedEnvelope.Seal(key, "a.env", Content);
        var again = SealedEnvelope.Seal(key, "a.env", Content);
        var otherPath = SealedEnvelope.Seal(key, "b.env", Content);
        var otherContent = SealedEnvelope.Seal(key, "a.env", [.. Content, (byte)'\n']);
        var otherKey = SealedEnvelope.Seal(SealKey.Generate(), "a.env", Content);

        Assert.Equal(first, again);
        Assert.NotEqual(first.AsSpan(17, 12).ToArray(), otherPath.AsSpan(17, 12).ToArray()); // nonces differ
        Assert.NotEqual(first.AsSpan(17, 12).ToArray(), otherContent.AsSpan(17, 12).ToArray());
        Assert.NotEqual(first.AsSpan(17, 12).ToArray(), otherKey.AsSpan(17, 12).ToArray());
    }

    [Fact]
    public void Open_WithAnotherKey_NamesBothKeyIds()
    {
        var key = SealKey.Generate();
        var other = SealKey.Generate();
        var envelope = SealedEnvelope.Seal(key, "a.env", Content);

        var ex = Assert.Throws<SealedEnvelopeException>(() => SealedEnvelope.Open(other, "a.env", envelope));

        Assert.Contains($"sealed with key {key.Id}, you have key {other.Id}", ex.Message, StringComparison.Ordinal);
        Assert.Equal(key.Id, ex.KeyId);
    }

    [Fact]
    public void Open_FailsWhenAnyByteIsChanged()
    {
        var key = SealKey.Generate();
        var envelope = SealedEnvelope.Seal(key, "a.env", "short secret file"u8);

        for (var i = 0; i < envelope.Length; i++)
        {
            var tampered = (byte[])envelope.Clone();
            tampered[i] ^= 0x01;
            Assert.Throws<SealedEnvelopeException>(() => SealedEnvelope.Open(key, "a.env", tampered));
        }

        Assert.Throws<SealedEnvelopeException>(() => SealedEnvelope.Open(key, "a.env", envelope.AsSpan(0, envelope.Length - 1)));
        Assert.Throws<SealedEnvelopeException>(() => SealedEnvelope.Open(key, "a.env", [.. envelope, 0]));
    }

    [Fact]
    public void Open_AtAnotherPath_FailsAuthentication()
    {
        var key = SealKey.Generate();
        var envelope = SealedEnvelope.Seal(key, "notes/a.env", Content);

        var ex = Assert.Throws<SealedEnvelopeException>(() => SealedEnvelope.Open(key, "notes/b.env", envelope));

        Assert.Contains("fails authentication", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scanner_NeverFlagsAnEnvelope_EvenWhenItsBytesLookLikeASecret()
    {
        // An envelope header followed by readable text: the magic alone makes it binary, so it is never scanned.
        var lookalike = SealedEnvelope.Magic.ToArray().Concat(new byte[SealedEnvelope.Overhead - 8]).Concat(Content).ToArray();
        var scanner = new SecretScanner(SecretScannerOptions.Default);

        Assert.Equal(ContentKind.Binary, ContentSniffer.Detect(lookalike));
        Assert.True(scanner.Scan("a.env", lookalike, CancellationToken.None).IsClean);
        Assert.True(scanner.Scan("a.env", SealedEnvelope.Seal(SealKey.Generate(), "a.env", Content), CancellationToken.None).IsClean);
        Assert.False(scanner.Scan("a.env", Content, CancellationToken.None).IsClean); // the same bytes, unsealed, are flagged
    }

    [Fact]
    public void SealKey_NeverShowsItself_InToStringOrParseErrors()
    {
        var key = SealKey.Generate();
        var exported = key.Export();

        Assert.DoesNotContain(exported, key.ToString(), StringComparison.Ordinal);
        Assert.Equal(key.Id, SealKey.Parse(exported + "\n", "test").Id);
        var bad = exported[..20];
        var ex = Assert.Throws<SealKeyException>(() => SealKey.Parse(bad, "The variable X"));
        Assert.DoesNotContain(bad, ex.Message, StringComparison.Ordinal);
        Assert.Throws<SealKeyException>(() => SealKey.Parse("not base64 at all!", "The variable X"));
    }
}
