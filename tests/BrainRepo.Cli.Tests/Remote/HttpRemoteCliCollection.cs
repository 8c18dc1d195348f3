namespace BrainRepo.Cli.Tests.Remote;

/// <summary>Tests that run a loopback git HTTP server: one at a time (the managed HttpListener shares one endpoint table per process).</summary>
[CollectionDefinition(Name)]
public sealed class HttpRemoteCliCollection
{
    public const string Name = "cli-git-http-server";
}
