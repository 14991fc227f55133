namespace Pipeline.Core; public static class Placeholder {}
