SELECT rollup_merge() AS merged;
