namespace BrainRepo.Git;

/// <summary>Object types, numbered as in a packfile.</summary>
public enum GitObjectType
{
    Commit = 1,
    Tree = 2,
    Blob = 3,
    Tag = 4,
}
