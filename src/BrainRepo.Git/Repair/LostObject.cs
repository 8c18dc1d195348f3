namespace BrainRepo.Git.Repair;

/// <summary>An object a snapshot needs and the repository does not have: at <paramref name="Path"/> ("" for the root folder), a blob or a tree.</summary>
public sealed record LostObject(string Path, string ObjectId, string Kind);
