namespace Pipeline.Adapters; public static class Placeholder {}
