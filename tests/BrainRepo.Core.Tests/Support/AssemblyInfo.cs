[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
