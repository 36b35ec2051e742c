import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The plugin serves the build at this path (saleor_conversational/views/dashboard.py).
const BASE = "/plugins/global/saleor.conversational/dashboard/";

export default defineConfig({
  base: BASE,
  plugins: [react()],
  build: {
    outDir: "../saleor_conversational/static/saleor_conversational/dashboard",
    emptyOutDir: true,
    sourcemap: false,
  },
});
