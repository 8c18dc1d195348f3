namespace BrainRepo.Storage.Tests.Infrastructure;

/// <summary>The xunit collection sharing <see cref="PostgresClusterFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "postgres";
}
