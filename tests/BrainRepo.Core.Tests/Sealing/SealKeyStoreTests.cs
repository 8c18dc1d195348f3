using BrainRepo.Core.Sealing;

namespace BrainRepo.Core.Tests.Sealing;

public sealed class SealKeyStoreTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "brainrepo-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Load_CreatesA0600KeyFileOnFirstUse_ThenReadsTheSameKey()
    {
        var file = Path.Combine(root, "ws", "seal.key");
        var store = new SealKeyStore(file, _ => null);

        Assert.Null(store.Load(createIfMissing: false));
        var created = store.Load(createIfMissing: true)!;
        var again = store.Load(createIfMissing: true)!;

        Assert.Equal(SealKeySource.Created, created.Source);
        Assert.Equal(SealKeySource.File, again.Source);
        Assert.Equal(created.Key.Id, again.Key.Id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Load_PrefersTheEnvironmentVariable_AndRejectsAMalformedOne()
    {
        var key = SealKey.Generate();
        var file = Path.Combine(root, "seal.key");

        var fromEnvironment = new SealKeyStore(file, n => n == SealKeyStore.EnvironmentVariable ? key.Export() : null).Load(createIfMissing: true)!;

        Assert.Equal(SealKeySource.Environment, fromEnvironment.Source);
        Assert.Equal(key.Id, fromEnvironment.Key.Id);
        Assert.False(File.Exists(file)); // nothing created when the variable gives the key
        var ex = Assert.Throws<SealKeyException>(() => new SealKeyStore(file, _ => "c2hvcnQ=").Load(createIfMissing: true));
        Assert.Contains(SealKeyStore.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_MalformedFile_IsAnErrorNamingTheFile()
    {
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "seal.key");
        File.WriteAllText(file, "garbage\n");

        var ex = Assert.Throws<SealKeyException>(() => SealKeyStore.ReadFile(file));

        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        Assert.Null(SealKeyStore.ReadFile(Path.Combine(root, "missing.key")));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
