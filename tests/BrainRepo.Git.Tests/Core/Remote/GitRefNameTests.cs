using System.Diagnostics;
using BrainRepo.Core.Remote;
using CsCheck;

namespace BrainRepo.Git.Tests.Core.Remote;

public sealed class GitRefNameTests
{
    private static readonly Gen<string> SafeComponent =
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzABCZ0123456789-_+é"], 1, 12];

    private static readonly Gen<string> ValidRef =
        Gen.Select(SafeComponent.Array[1, 4], parts => "refs/" + string.Join('/', parts));

    // A wide alphabet that hits every rule: separators, dots, forbidden characters, '@{', '.lock'.
    private static readonly Gen<string> AnyRef =
        Gen.OneOf(
            Gen.String[Gen.Char["ab/.@{}~^:?*[\\ \t-lock"], 0, 14],
            Gen.Select(ValidRef, Gen.String[Gen.Char["/.@{~^:?*[\\ lck"], 0, 3], Gen.Int[0, 20], (r, s, i) => r.Insert(Math.Min(i, r.Length), s)));

    [Theory]
    [InlineData("refs/tags/milestone/v1.0", true)]
    [InlineData("refs/heads/main", true)]
    [InlineData("refs/tags/a..b", false)]
    [InlineData("refs/tags/.hidden", false)]
    [InlineData("refs/tags/x.lock", false)]
    [InlineData("-/l", false)]
    [InlineData("refs/tags/x.", false)]
    [InlineData("refs/tags/a b", false)]
    [InlineData("refs/tags/a~1", false)]
    [InlineData("refs/tags/a^", false)]
    [InlineData("refs/tags/a:b", false)]
    [InlineData("refs/tags/a?", false)]
    [InlineData("refs/tags/a*", false)]
    [InlineData("refs/tags/a[", false)]
    [InlineData("refs/tags/a\\b", false)]
    [InlineData("refs/tags/a@{b", false)]
    [InlineData("refs/tags//a", false)]
    [InlineData("/refs/tags/a", false)]
    [InlineData("refs/tags/a/", false)]
    [InlineData("@", false)]
    [InlineData("main", false)]
    [InlineData("refs/tags/a\u007fb", false)]
    public void Check_KnownCases(string name, bool valid)
    {
        Assert.Equal(valid, GitRefName.IsValid(name));
    }

    [Fact]
    public void Property_ComposedOfSafeComponents_IsValid()
    {
        ValidRef.Sample(name => GitRefName.IsValid(name), iter: 2000);
    }

    [Fact]
    public void Property_InsertingAForbiddenCharacter_MakesItInvalid()
    {
        Gen.Select(ValidRef, Gen.Char[" ~^:?*[\\\u0001\u007f"], Gen.Int[5, 40])
            .Sample((name, bad, at) => !GitRefName.IsValid(name.Insert(Math.Min(at, name.Length), bad.ToString())), iter: 2000);
    }

    [Fact]
    public void Property_AComponentEndingInLock_IsInvalid()
    {
        ValidRef.Sample(name => !GitRefName.IsValid(name + ".lock") && !GitRefName.IsValid(name + ".lock/x"), iter: 500);
    }

    [Fact]
    public void Property_AgreesWithGitCheckRefFormat()
    {
        AnyRef.Sample(name => GitRefName.IsValid(name) == GitSays(name), iter: 300, threads: 2);
    }

    private static bool GitSays(string name)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("check-ref-format");
        info.ArgumentList.Add(name);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
