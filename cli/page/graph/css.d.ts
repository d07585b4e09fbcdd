// esbuild loads .css files as text (--loader:.css=text): the page injects it in a <style>.
declare module '*.css' {
  const text: string;
  export default text;
}
