namespace Pipeline.Testing; public static class Placeholder {}
