using System.Reflection;
using BrainRepo.Core.Errors;
using BrainRepo.Core.Remote;
using BrainRepo.Git.Remote;
using BrainRepo.Storage.Postgres.Coordination;
using BrainRepo.Storage.Sqlite;

namespace BrainRepo.Cli.Tests.Errors;

/// <summary>
/// Every exception type BrainRepo defines is a <see cref="BrainRepoException"/>, so that it has a stable code,
/// a transient flag, and an exit code from <see cref="Infrastructure.CommandFailure"/>.
/// </summary>
public sealed class ExceptionHierarchyTests
{
    /// <summary>The shipped assemblies, one type from each.</summary>
    private static readonly Assembly[] Shipped =
    [
        typeof(BrainRepoException).Assembly,
        typeof(RemotePushException).Assembly,
        typeof(SqliteStateStore).Assembly,
        typeof(PostgresCoordinationStore).Assembly,
        typeof(BrainRepoApp).Assembly,
    ];

    /// <summary>
    /// Non-public exception types that never leave their assembly (caught where they are thrown), with the reason.
    /// A public type can never be listed here.
    /// </summary>
    private static readonly Dictionary<string, string> Internal = new(StringComparer.Ordinal);

    [Fact]
    public void EveryShippedAssembly_IsChecked()
    {
        var onDisk = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n!.StartsWith("BrainRepo.", StringComparison.Ordinal) || n == "brainrepo")
            .Where(n => !n!.Contains(".Tests", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, Shipped.Select(a => a.GetName().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryExceptionType_DerivesFromBrainRepoException()
    {
        var exceptions = Shipped.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        var outside = exceptions
            .Where(t => t != typeof(BrainRepoException) && !t.IsSubclassOf(typeof(BrainRepoException)))
            .Where(t => !Internal.ContainsKey(t.FullName!))
            .Select(t => t.FullName)
            .ToList();

        Assert.Contains(typeof(InvalidRemoteUrlException), exceptions);
        Assert.Contains(typeof(RemotePushException), exceptions);
        Assert.True(outside.Count == 0, "exceptions outside BrainRepoException: " + string.Join(", ", outside));
        Assert.All(Internal.Keys, name => Assert.False(exceptions.Single(t => t.FullName == name).IsVisible, name + " is public"));
    }
}
