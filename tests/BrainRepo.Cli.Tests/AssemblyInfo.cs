[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
