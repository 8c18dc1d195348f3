namespace BrainRepo.Git.Tests.Infrastructure;

/// <summary>
/// Tests that run a <see cref="GitHttpServer"/>. The managed HttpListener shares one endpoint table per process,
/// and stopping one listener while another starts can fail with "address already in use"; these tests run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class HttpServerCollection
{
    public const string Name = "git-http-server";
}
