// The console's build: Vue single-file components, Element Plus imported by component (only the components a
// page uses are bundled, with their styles), everything in dist/ (no CDN, no web fonts: county intranets have no
// internet). `npm run dev` proxies /api to a gateway on 127.0.0.1:8000.
import vue from '@vitejs/plugin-vue'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import Components from 'unplugin-vue-components/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [
    vue(),
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: 'components.d.ts' }),
  ],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
})
