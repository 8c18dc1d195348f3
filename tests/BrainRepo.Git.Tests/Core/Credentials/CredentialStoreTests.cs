using System.Security.Cryptography;
using BrainRepo.Core.Credentials;
using BrainRepo.Git.Tests.Infrastructure;

namespace BrainRepo.Git.Tests.Core.Credentials;

public sealed class CredentialStoreTests : IDisposable
{
    private const string Token = "ghp_RoundTripToken_4f9a1c";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private CredentialStore Store(string? envKey = null) =>
        new(new CredentialStoreOptions(_temp.Combine("creds")), getEnvironmentVariable: name => name == "BRAINREPO_MASTER_KEY" ? envKey : null);

    [Fact]
    public async Task SetThenGet_RoundTrips()
    {
        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);

        var token = await Store().GetTokenAsync("origin", TestTimeout.Token);

        Assert.Equal(Token, token!.Reveal());
        Assert.Equal("***", token.ToString());
        Assert.Null(await Store().GetTokenAsync("other", TestTimeout.Token));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FirstUse_CreatesKeyFileWithMode0600_AndNoPlaintextInStore()
    {
        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);

        var keyFile = _temp.Combine("creds", "master.key");
        Assert.True(File.Exists(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.Combine("creds", "credentials.json")));
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories))
        {
            Assert.DoesNotContain(Token, await File.ReadAllTextAsync(file, TestTimeout.Token), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WrongKey_GivesClearError_NeverAnEmptyToken()
    {
        var keyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var keyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await Store(keyA).SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);

        var ex = await Assert.ThrowsAsync<CredentialDecryptionException>(
            () => Store(keyB).GetTokenAsync("origin", TestTimeout.Token));

        Assert.StartsWith("cannot decrypt the stored token: re-enter it or restore the key", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("creds", "master.key")));
    }

    [Theory]
    [InlineData("{\"Version\": 1, \"Entries\": {\"origin\": {\"Nonce\": \"AAAA")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{\"Version\": 1, \"Entries\": {\"origin\": {\"Nonce\": \"AAAA\"}}}")]
    public async Task GarbledFile_IsAClearErrorNamingTheFileAndTheFix_AndRemoteSetReplacesIt(string garbled)
    {
        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);
        var file = _temp.Combine("creds", "credentials.json");
        await File.WriteAllTextAsync(file, garbled, TestTimeout.Token);

        var ex = await Assert.ThrowsAsync<CredentialFileException>(() => Store().GetTokenAsync("origin", TestTimeout.Token));

        Assert.Equal(BrainRepo.Core.Errors.ErrorCodes.CredentialFileDamaged, ex.Code);
        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        Assert.Contains("brainrepo remote set", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAA", ex.Message, StringComparison.Ordinal);
        Assert.Equal(garbled, await File.ReadAllTextAsync(file, TestTimeout.Token)); // a read changes nothing

        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token); // the fix the message names

        Assert.Equal(Token, (await Store().GetTokenAsync("origin", TestTimeout.Token))!.Reveal());
        Assert.Equal(garbled, await File.ReadAllTextAsync(file + CredentialStore.DamagedSuffix, TestTimeout.Token));
    }

    [Fact]
    public async Task MissingKey_GivesClearError()
    {
        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);
        File.Delete(_temp.Combine("creds", "master.key"));

        var ex = await Assert.ThrowsAsync<CredentialDecryptionException>(
            () => Store().GetTokenAsync("origin", TestTimeout.Token));

        Assert.Contains("cannot decrypt the stored token: re-enter it or restore the key", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_temp.Combine("creds", "master.key")), "a read must not create a new key");
    }

    [Fact]
    public async Task MalformedEnvironmentKey_IsRejected()
    {
        await Assert.ThrowsAsync<InvalidMasterKeyException>(
            () => Store("not-base64!").SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token));
        await Assert.ThrowsAsync<InvalidMasterKeyException>(
            () => Store(Convert.ToBase64String(new byte[16])).SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token));
    }

    [Fact]
    public async Task Remove_DeletesTheEntry()
    {
        await Store().SetTokenAsync("origin", new SecretToken(Token), TestTimeout.Token);

        Assert.True(await Store().RemoveTokenAsync("origin", TestTimeout.Token));
        Assert.Null(await Store().GetTokenAsync("origin", TestTimeout.Token));
    }
}
